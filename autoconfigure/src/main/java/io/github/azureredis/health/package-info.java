/**
 * Actuator health contributors of the Microsoft Entra ID token and of Azure maintenance.
 */
@NullMarked
package io.github.azureredis.health;

import org.jspecify.annotations.NullMarked;

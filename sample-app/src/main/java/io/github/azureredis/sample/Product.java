package io.github.azureredis.sample;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A product, as the catalogue returns and the cache stores it.
 *
 * @param id the product id
 * @param name the name
 * @param price the price
 * @author Azure Redis Cache contributors
 */
public record Product(String id, String name, BigDecimal price) implements Serializable {
}

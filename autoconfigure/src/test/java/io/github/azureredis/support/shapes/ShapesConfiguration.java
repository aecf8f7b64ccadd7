package io.github.azureredis.support.shapes;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application caching every value shape, in the package whose classes may be cached as JSON.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@AutoConfigurationPackage
public class ShapesConfiguration {

	@Bean
	ShapeService shapeService() {
		return new ShapeService();
	}

}

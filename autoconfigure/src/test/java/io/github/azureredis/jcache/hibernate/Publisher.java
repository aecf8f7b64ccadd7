package io.github.azureredis.jcache.hibernate;

import java.net.URL;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * An entity whose state holds a class that cached values may not hold ({@link URL}, a known deserialization gadget's
 * part): it cannot be cached, and must not fail a transaction.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Publisher {

	@Id
	private Long id;

	private URL homepage;

	protected Publisher() {
	}

	public Publisher(Long id, URL homepage) {
		this.id = id;
		this.homepage = homepage;
	}

	public URL getHomepage() {
		return this.homepage;
	}

}

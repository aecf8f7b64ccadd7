package io.github.azureredis.jcache.aot;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity in Hibernate's second-level cache. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Shelf {

	@Id
	private Long id;

	private String label;

	protected Shelf() {
	}

	public Long getId() {
		return this.id;
	}

	public String getLabel() {
		return this.label;
	}

}

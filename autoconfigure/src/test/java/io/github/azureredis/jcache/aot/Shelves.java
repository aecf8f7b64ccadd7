package io.github.azureredis.jcache.aot;

import org.springframework.data.jpa.repository.JpaRepository;

/** A repository with a derived query, which Spring Data JPA generates ahead of time. */
public interface Shelves extends JpaRepository<Shelf, Long> {

	Shelf findByLabel(String label);

}

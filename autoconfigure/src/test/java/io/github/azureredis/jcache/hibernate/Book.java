package io.github.azureredis.jcache.hibernate;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.Cacheable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/**
 * An entity cached with {@code READ_WRITE}, with a cached natural id and a cached collection.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Book {

	@Id
	private Long id;

	@NaturalId
	private String isbn;

	private String title;

	private LocalDate published;

	@Enumerated(EnumType.STRING)
	private Format format;

	@ManyToOne(fetch = FetchType.LAZY)
	private Author author;

	@ElementCollection
	@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
	private Set<String> tags = new LinkedHashSet<>();

	protected Book() {
	}

	public Book(Long id, String isbn, String title, Author author, Set<String> tags) {
		this.id = id;
		this.isbn = isbn;
		this.title = title;
		this.published = LocalDate.of(2026, 1, 1).plusDays(id);
		this.format = Format.PAPERBACK;
		this.author = author;
		this.tags.addAll(tags);
	}

	public Long getId() {
		return this.id;
	}

	public String getIsbn() {
		return this.isbn;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public LocalDate getPublished() {
		return this.published;
	}

	public Format getFormat() {
		return this.format;
	}

	public Author getAuthor() {
		return this.author;
	}

	public Set<String> getTags() {
		return this.tags;
	}

	/**
	 * An application enum in the cached state.
	 */
	public enum Format {

		PAPERBACK, HARDCOVER

	}

}

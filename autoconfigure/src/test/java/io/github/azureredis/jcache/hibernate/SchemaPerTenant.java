package io.github.azureredis.jcache.hibernate;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;

/**
 * Multi-tenancy with a database schema per tenant, named as the tenant: each tenant may have a {@link Book} of the
 * same id.
 */
public class SchemaPerTenant implements MultiTenantConnectionProvider<String> {

	private static final long serialVersionUID = 1L;

	private final transient DataSource dataSource;

	public SchemaPerTenant(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public Connection getAnyConnection() throws SQLException {
		return this.dataSource.getConnection();
	}

	@Override
	public void releaseAnyConnection(Connection connection) throws SQLException {
		connection.close();
	}

	@Override
	public Connection getConnection(String tenant) throws SQLException {
		Connection connection = getAnyConnection();
		connection.setSchema(tenant);
		return connection;
	}

	@Override
	public void releaseConnection(String tenant, Connection connection) throws SQLException {
		connection.setSchema("PUBLIC");
		releaseAnyConnection(connection);
	}

	@Override
	public boolean supportsAggressiveRelease() {
		return false;
	}

	@Override
	public boolean isUnwrappableAs(Class<?> type) {
		return false;
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		throw new UnsupportedOperationException();
	}

}

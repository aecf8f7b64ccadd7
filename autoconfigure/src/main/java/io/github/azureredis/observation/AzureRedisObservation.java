package io.github.azureredis.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the starter, with their key names. Timers and spans get the names of the default conventions;
 * an {@link ObservationConvention} bean of the matching type replaces a default convention.
 *
 * @author Azure Redis Cache contributors
 */
public enum AzureRedisObservation implements ObservationDocumentation {

	/**
	 * A cache operation: a read, write, eviction or clear of a Spring cache, Redis round trips included.
	 */
	CACHE_OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultCacheOperationObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return CacheOperationKeyNames.values();
		}

	},

	/**
	 * A Redis command (or one {@code MGET} of coalesced reads) sent by a cache.
	 */
	REDIS_COMMAND {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRedisCommandObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return RedisCommandKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return RedisCommandHighCardinalityKeyNames.values();
		}

	},

	/**
	 * A request for a Microsoft Entra ID access token, and the renewal signal that follows a new one.
	 */
	TOKEN_REQUEST {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultTokenRequestObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TokenRequestKeyNames.values();
		}

	},

	/**
	 * The re-authentication of the open connections with a new token.
	 */
	REAUTHENTICATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultReauthenticationObservationConvention.class;
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ReauthenticationKeyNames.values();
		}

	};

	/**
	 * Low-cardinality keys of a cache operation. The cache key is never one.
	 */
	public enum CacheOperationKeyNames implements KeyName {

		/** The cache name. */
		CACHE {

			@Override
			public String asString() {
				return "cache";
			}

		},

		/** {@code get}, {@code put}, {@code evict} or {@code clear}. */
		OPERATION {

			@Override
			public String asString() {
				return "operation";
			}

		},

		/** {@code hit} or {@code miss} for reads, {@code success} for writes, {@code error} when it failed. */
		RESULT {

			@Override
			public String asString() {
				return "result";
			}

		}

	}

	/**
	 * Low-cardinality keys of a Redis command, named as Lettuce names them so that dashboards carry over.
	 */
	public enum RedisCommandKeyNames implements KeyName {

		/** Always {@code redis}. */
		DATABASE_SYSTEM {

			@Override
			public String asString() {
				return "db.system";
			}

		},

		/** The command, e.g. {@code GET}, {@code MGET}, {@code SET}. */
		OPERATION {

			@Override
			public String asString() {
				return "db.operation";
			}

		},

		/** The address of the node (of a shard: its master) the command was sent to. */
		PEER_ADDRESS {

			@Override
			public String asString() {
				return "net.sock.peer.addr";
			}

		},

		/** The port of that node. */
		PEER_PORT {

			@Override
			public String asString() {
				return "net.sock.peer.port";
			}

		}

	}

	/**
	 * High-cardinality keys of a Redis command (span tags, not meter tags).
	 */
	public enum RedisCommandHighCardinalityKeyNames implements KeyName {

		/** How many keys the command carries: more than one for coalesced reads, or a pipeline of coalesced fills. */
		KEYS {

			@Override
			public String asString() {
				return "db.redis.keys";
			}

		}

	}

	/**
	 * Low-cardinality keys of a token request.
	 */
	public enum TokenRequestKeyNames implements KeyName {

		/**
		 * {@code refreshed}: a new token is in use; {@code unchanged}: the credential returned the token in use;
		 * {@code failed}: no token was obtained (the previous one stays in use while valid).
		 */
		RESULT {

			@Override
			public String asString() {
				return "result";
			}

		}

	}

	/**
	 * High-cardinality keys of a re-authentication.
	 */
	public enum ReauthenticationKeyNames implements KeyName {

		/** How many open connections were sent the new token. */
		CONNECTIONS {

			@Override
			public String asString() {
				return "connections";
			}

		}

	}

}

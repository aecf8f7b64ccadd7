package io.github.azureredis.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisReplicaSetTests {

	@Test
	void replicasCopyTheMaster() {
		try (RedisReplicaSet set = RedisReplicaSet.start(2)) {
			RedisServer master = set.master();
			assertThat(master).isSameAs(set.servers().get(0));
			try (RespClient client = master.client()) {
				client.require("SET", "k", "v");
			}
			set.awaitReplication();
			for (RedisServer replica : set.servers().subList(1, 3)) {
				try (RespClient client = replica.client()) {
					assertThat(client.string("GET", "k")).isEqualTo("v");
				}
			}
			assertThat(set.nodes()).hasToString(master.host() + ":" + master.port() + "," + set.servers().get(1).host()
					+ ":" + set.servers().get(1).port() + "," + set.servers().get(2).host() + ":"
					+ set.servers().get(2).port());
		}
	}

	@Test
	void sentinelsPromoteTheReplicaWhenTheMasterDies() {
		try (RedisReplicaSet set = RedisReplicaSet.start(1, 3)) {
			RedisServer former = set.master();
			try (RespClient client = former.client()) {
				client.require("SET", "k", "v");
			}
			set.awaitReplication();
			RedisServer promoted = set.failOver();
			assertThat(promoted).isSameAs(set.servers().get(1)).isSameAs(set.master());
			try (RespClient client = promoted.client()) {
				assertThat(client.string("GET", "k")).isEqualTo("v");
				assertThat(client.string("SET", "k", "w")).isEqualTo("OK");
			}
		}
	}

}

package io.github.azureredis.sample;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample for development with a local Redis: {@code ./mvnw -pl sample-app -am spring-boot:test-run}. As
 * Spring Boot's development-time services, the local Redis is in the test sources and the packaged application is
 * left without it; {@code spring-boot:run} runs the application itself, against {@code SPRING_DATA_REDIS_HOST}.
 *
 * @author Azure Redis Cache contributors
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main).with(LocalRedisConfiguration.class).run(args);
	}

}

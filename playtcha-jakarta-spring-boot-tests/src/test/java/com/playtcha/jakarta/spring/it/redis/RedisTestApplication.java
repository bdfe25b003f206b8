package com.playtcha.jakarta.spring.it.redis;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** An application with nothing of its own: what Spring Boot configures from its class path and settings. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class RedisTestApplication {
}

package io.supplyshock.topics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the few classes of a pipeline stage that code outside the stage may use: its topology builder, the record
 * it hands on, a read view of what it keeps. Everything else in a stage is its own business, and
 * {@code ArchitectureTest} fails the build when another stage reaches for it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StageApi {
}

package io.supplyshock.stack;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as resolved, on a dist folder laid out as Maven leaves it. */
class StackArtifactsTest {

    @TempDir
    Path root;
    private Path dist;
    private Path pom;
    private Path brokerJar;
    private StackArtifacts artifacts;

    @BeforeEach
    void resolvedDist() throws Exception {
        pom = Files.writeString(root.resolve("pom.xml"), "<project><properties><apicurio.registry.version>3.3.3</apicurio.registry.version></properties></project>");
        dist = Files.createDirectories(root.resolve("dist"));
        brokerJar = Files.writeString(root.resolve("kafka_2.13-4.3.1.jar"), "jar");
        Path clientsJar = Files.writeString(root.resolve("kafka-clients-4.3.1.jar"), "jar");
        Files.writeString(dist.resolve("kafka.classpath"), brokerJar + ":" + clientsJar);
        Path launcher = Files.createDirectories(dist.resolve("apicurio-registry-3.3.3")).resolve("quarkus-run.jar");
        Files.writeString(launcher, "jar");
        Files.writeString(dist.resolve(StackArtifacts.REGISTRY_JAR), launcher + "\n");
        artifacts = new StackArtifacts(dist, pom);
        Files.writeString(dist.resolve(StackArtifacts.STAMP), artifacts.pomDigest() + "\n");
    }

    @Test
    void aDistMatchingThePomWithEveryJarPresentIsResolved() throws Exception {
        assertThat(artifacts.resolved()).isTrue();
        assertThat(artifacts.registryJar()).isEqualTo(dist.resolve("apicurio-registry-3.3.3/quarkus-run.jar"));
        assertThat(artifacts.pomProperty("apicurio.registry.version")).isEqualTo("3.3.3");
    }

    @Test
    void aChangedPomResolvesAgain() throws Exception {
        Files.writeString(pom, Files.readString(pom).replace("3.3.3", "3.3.4"));
        assertThat(artifacts.resolved()).isFalse();
    }

    @Test
    void aJarPrunedFromTheMavenRepositoryResolvesAgain() throws Exception {
        Files.delete(brokerJar);
        assertThat(artifacts.resolved()).isFalse();
    }

    @Test
    void aDistWithoutStampOrRegistryIsNotResolved() throws Exception {
        Files.delete(dist.resolve("apicurio-registry-3.3.3/quarkus-run.jar"));
        assertThat(artifacts.resolved()).isFalse();
        assertThat(new StackArtifacts(root.resolve("empty"), pom).resolved()).isFalse();
    }
}

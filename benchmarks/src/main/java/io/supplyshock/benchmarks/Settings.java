package io.supplyshock.benchmarks;

/**
 * Run settings every benchmark here shares, chosen on the two-core build machine so that each figure's 99.9% error
 * stays near or under 10% (docs/benchmarks.md). Forks disagree more than iterations within a fork do: most of these
 * benchmarks settle, fork by fork, in one of two steady states a quarter to a third apart, so the count of forks
 * matters most. A fixed, pre-touched heap with one GC thread and compilation in the benchmark's own thread
 * keep the other core's load and the compiler's timing out of the figures.
 */
final class Settings {

    static final int FORKS = 10;
    static final int FORKS_OF_A_BIMODAL_BENCHMARK = 20;
    static final int WARMUP_ITERATIONS = 4;
    static final int MEASURED_ITERATIONS = 5;

    static final String HEAP = "-Xms1g";
    static final String HEAP_MAX = "-Xmx1g";
    static final String GC = "-XX:+UseParallelGC";
    static final String GC_THREADS = "-XX:ParallelGCThreads=1";
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";
    /** Compiles on the running thread: on two busy cores a background compiler finishes at a different point in every fork. */
    static final String SYNC_COMPILE = "-XX:-BackgroundCompilation";

    private Settings() {
    }
}

package io.supplyshock.testing;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class HangWatchdogTest {

    @Test
    void theDumpShowsWhereEveryThreadWaitsWithItsWholeStack() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(1);
        Thread stuck = new Thread(() -> waitDeep(never, parked, 12), "stuck-on-purpose");
        stuck.setDaemon(true);
        stuck.start();
        parked.await();
        Thread.sleep(50);
        try {
            String dump = HangWatchdog.threadDump();
            String section = dump.substring(dump.indexOf("\"stuck-on-purpose\""));
            section = section.substring(0, section.indexOf("\n\n"));
            assertThat(section).contains("WAITING").contains("CountDownLatch.await");
            // Twelve nested frames of waitDeep: more than ThreadInfo.toString's eight.
            assertThat(section.split("waitDeep", -1)).hasSizeGreaterThan(12);
        } finally {
            never.countDown();
        }
    }

    private static void waitDeep(CountDownLatch never, CountDownLatch parked, int depth) {
        if (depth > 0) {
            waitDeep(never, parked, depth - 1);
            return;
        }
        parked.countDown();
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.supplyshock.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A helper program (keytool, Maven, Kafka's storage tool) run to its end within a time limit, its output appended to a file. */
final class TimedCommand {

    private static final int TAIL_LINES = 20;

    private TimedCommand() {
    }

    /**
     * @param what        names the step in messages, e.g. "formatting Kafka storage"
     * @param environment added to the inherited environment: secrets go here rather than into the arguments
     */
    static void run(String what, List<String> command, Map<String, String> environment, Path output, Duration limit)
            throws IOException, StackException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StackException(what + ": " + command.getFirst() + " could not be started (" + e.getMessage() + ")");
        }
        try {
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                throw new StackException(what + " took more than " + limit.toSeconds() + " s (output in " + output + ")");
            }
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0) {
            List<String> lines = new String(Files.readAllBytes(output), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            throw new StackException(what + " failed (exit " + process.exitValue() + "; output in " + output + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())));
        }
    }
}

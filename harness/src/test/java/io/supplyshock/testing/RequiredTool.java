package io.supplyshock.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An external program a test needs. A missing one fails the test with the command that installs
 * it; it is never a reason to skip. {@code .ci/run} installs them on CI machines.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    public static Path find(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new AssertionError(program + " is not installed, and this test needs the real one. Install it with: "
                + "sudo apt-get install -y " + debianPackage + "   (.ci/run does this on CI)");
    }
}

package io.supplyshock.stack;

import java.io.IOException;
import java.nio.file.Files;

/** A secure folder with passwords and the enabled marker but no certificates: enough for what reads passwords only, without keytool. */
final class SecureFilesFixture {

    private SecureFilesFixture() {
    }

    /** The admin gets {@code adminPassword}; every other user and store gets its name followed by "-secret". */
    static void passwords(SecureFiles files, String adminPassword) throws IOException {
        Files.createDirectories(files.dir().resolve("passwords"));
        Files.writeString(files.dir().resolve("passwords").resolve(Principal.ADMIN.user()), adminPassword);
        for (String name : new String[]{SecureFiles.KEYSTORE, SecureFiles.TRUSTSTORE}) {
            Files.writeString(files.dir().resolve("passwords").resolve(name), name + "-secret");
        }
        for (Principal p : Principal.values()) {
            if (p != Principal.ADMIN) Files.writeString(files.dir().resolve("passwords").resolve(p.user()), p.user() + "-secret");
        }
        Files.writeString(files.dir().resolve("enabled"), "");
    }
}

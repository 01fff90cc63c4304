package io.supplyshock.cli;

import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.publish.PublishReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Path;

/** What {@code publish-profiles} and {@code publish-commodity-profiles} share: the file, rejects, dry run and exit status. */
@Command(footer = {"Exit status: 0 every row published, rejected with a reason or blank; 1 file unreadable or "
        + "Kafka/registry unreachable; 2 bad arguments."})
abstract class ProfileFileCommand extends SubCommand {

    @Mixin
    PublishOptions input;

    @Override
    public Integer call() {
        ProfilePublisher publisher = new ProfilePublisher(config(),
                new ProfilePublisher.Options(input.dryRun, input.rejects, input.rejectsFormat), err());
        return JsonlPublisher.run(input.file, () -> publish(publisher, input.file), out(), err());
    }

    abstract PublishReport publish(ProfilePublisher publisher, Path file) throws IOException;
}

package io.supplyshock.cli;

import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.publish.PublishReport;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Path;

@Command(name = "publish-profiles",
        description = {"Publishes exposure profiles (columns "
                + "entity_id,entity_name,entity_type,entity_country,commodity,country,weight,role,source) to "
                + "supply.exposure-profiles, keyed by entity_id|commodity|country."})
final class PublishProfilesCommand extends ProfileFileCommand {

    @Override
    PublishReport publish(ProfilePublisher publisher, Path file) throws IOException {
        return publisher.publishExposureProfiles(file);
    }
}

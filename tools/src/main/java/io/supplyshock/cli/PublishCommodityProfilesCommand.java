package io.supplyshock.cli;

import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.publish.PublishReport;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Path;

@Command(name = "publish-commodity-profiles",
        description = {"Publishes curated commodity supply profiles (columns "
                + "commodity,country,stage,share_pct,source,as_of), one record per commodity, to "
                + "supply.commodity-profiles, keyed by commodity."})
final class PublishCommodityProfilesCommand extends ProfileFileCommand {

    @Override
    PublishReport publish(ProfilePublisher publisher, Path file) throws IOException {
        return publisher.publishCommodityProfiles(file);
    }
}

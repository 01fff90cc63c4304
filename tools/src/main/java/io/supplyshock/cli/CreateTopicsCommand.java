package io.supplyshock.cli;

import io.supplyshock.TopicAdmin;
import picocli.CommandLine.Command;


@Command(name = "create-topics",
        description = {"Creates the pipeline's topics if missing (existing topics are left as they are).",
                "Exit status: 0 created or present; 1 Kafka unreachable or a topic could not be created."})
final class CreateTopicsCommand extends SubCommand {

    @Override
    public Integer call() throws Exception {
        return TopicAdmin.createTopics(config(), out());
    }
}

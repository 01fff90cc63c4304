package io.supplyshock;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.supplyshock.topics.StageApi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries of the pipeline, checked on the compiled main classes (so an import that no code uses does not
 * count; a use does). A stage reads the shared contracts ({@code topics}, {@code config} and the Avro
 * {@code schema}) and, of another stage, only what that stage publishes with {@link StageApi}; the stages form no
 * cycle; and nothing on the data path uses the command line, the publishers or the harnesses.
 */
@AnalyzeClasses(packages = "io.supplyshock", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    private static final String ROOT = "io.supplyshock";
    private static final List<String> STAGES = List.of("ingest", "state", "scoring", "signals", "exposure", "alerting");
    private static final List<String> CONTRACTS = List.of("topics", "config", "schema");
    /** The data path beside the stages: wiring, metrics, health, the HTTP queries, the console, the events' JSON mapping and what-if scenarios. */
    private static final List<String> PIPELINE_SERVICES = List.of("metrics", "health", "query", "console", "events", "whatif");
    private static final List<String> TOOLS_AND_HARNESSES = List.of("cli", "publish", "profiles", "tools", "security",
            "stack", "bench", "reliability", "evaluation", "harness");

    /** Each stage is a slice; classes outside the stages belong to none. */
    private static final SliceAssignment STAGE_SLICES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return stageOf(javaClass).map(SliceIdentifier::of).orElse(SliceIdentifier.ignore());
        }

        @Override
        public String getDescription() {
            return "the stages " + STAGES;
        }
    };

    @ArchTest
    static final ArchRule stagesUseOnlyTheContractsAndWhatOtherStagesPublish = classes()
            .that().resideInAnyPackage(packages(STAGES))
            .should(useOtherStagesOnlyThroughTheirApi("the contracts " + CONTRACTS,
                    targetPackage -> CONTRACTS.stream().anyMatch(contract -> isIn(targetPackage, contract))))
            .as("stages depend only on the shared contracts and on what other stages publish with @StageApi");

    @ArchTest
    static final ArchRule theRestOfTheDataPathUsesStagesOnlyThroughTheirApi = classes()
            .that().resideInAnyPackage(servicesOfTheDataPath())
            .should(useOtherStagesOnlyThroughTheirApi("any package outside the stages", targetPackage -> true))
            .as("the wiring, metrics, health and queries use a stage only through its @StageApi classes");

    @ArchTest
    static final ArchRule theContractsDependOnNoStage = noClasses()
            .that().resideInAnyPackage(packages(CONTRACTS))
            .should().dependOnClassesThat().resideInAnyPackage(packages(STAGES))
            .as("the shared contracts depend on no stage");

    @ArchTest
    static final ArchRule stagesFormNoCycle = slices().assignedFrom(STAGE_SLICES).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDataPathUsesNoToolOrHarness = noClasses()
            .that().resideInAnyPackage(theWholeDataPath())
            .should().dependOnClassesThat().resideInAnyPackage(packages(TOOLS_AND_HARNESSES))
            .as("the data path uses nothing of the command line, the publishers, the profile files or the harnesses");

    /**
     * The published API of every stage, listed: a class another stage may use is a decision to take in review, not
     * a side effect of a new import, so adding {@code @StageApi} means adding the class here.
     */
    @ArchTest
    static void eachStagePublishesOnlyTheseClasses(JavaClasses classes) {
        Map<String, List<String>> published = classes.stream()
                .filter(c -> c.isAnnotatedWith(StageApi.class))
                .collect(Collectors.groupingBy(c -> c.getPackageName().substring(ROOT.length() + 1), TreeMap::new,
                        Collectors.mapping(JavaClass::getSimpleName, Collectors.collectingAndThen(Collectors.toList(),
                                names -> names.stream().sorted().toList()))));

        assertThat(published).isEqualTo(new TreeMap<>(Map.of(
                "ingest", List.of("IngestObserver", "IngestTopology"),
                "state", List.of("CommodityStateStore", "CommodityStateTopology", "CommodityStates", "Demand", "Fact", "FactInContext",
                        "InstrumentFamily", "Measures"),
                "scoring", List.of("Knowledge", "SeverityModel", "ShockBuilder", "ShockScorer", "ShockScoringTopology", "TimeToEffect"),
                "signals", List.of("SignalSettings", "SignalTopology"),
                "exposure", List.of("ExposureTopology", "ReachedEntities"),
                "alerting", List.of("AlertCommitPacer", "AlertStep", "AlertTopology", "StorylineTopology"))));
    }

    /**
     * Every dependency on the project's own classes goes to the class's own package, to a {@link StageApi} class of
     * another stage (a nested class counts as its outermost class), or outside the stages to a package that
     * {@code outsideTheStages} allows.
     */
    private static ArchCondition<JavaClass> useOtherStagesOnlyThroughTheirApi(String whatElse, Predicate<String> outsideTheStages) {
        return new ArchCondition<>("use, besides their own package, only " + whatElse + " and the @StageApi classes of stages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    String targetPackage = target.getPackageName();
                    if (!isIn(targetPackage, "") || targetPackage.equals(origin.getPackageName())) continue;
                    boolean allowed = stageOf(target).isPresent()
                            ? outermost(target).isAnnotatedWith(StageApi.class)
                            : outsideTheStages.test(targetPackage);
                    if (!allowed) events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                }
            }
        };
    }

    private static Optional<String> stageOf(JavaClass c) {
        return STAGES.stream().filter(stage -> isIn(c.getPackageName(), stage)).findFirst();
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) outer = outer.getEnclosingClass().get();
        return outer;
    }

    /** Whether {@code packageName} is the project's package {@code sub} or below it ({@code ""}: anywhere in the project). */
    private static boolean isIn(String packageName, String sub) {
        String root = sub.isEmpty() ? ROOT : ROOT + "." + sub;
        return packageName.equals(root) || packageName.startsWith(root + ".");
    }

    private static String[] packages(List<String> subs) {
        return subs.stream().map(s -> ROOT + "." + s + "..").toArray(String[]::new);
    }

    /** The root package (the wiring) and the services beside the stages. */
    private static String[] servicesOfTheDataPath() {
        return Stream.concat(Stream.of(ROOT), Arrays.stream(packages(PIPELINE_SERVICES))).toArray(String[]::new);
    }

    private static String[] theWholeDataPath() {
        return Stream.of(servicesOfTheDataPath(), packages(STAGES), packages(CONTRACTS)).flatMap(Arrays::stream).toArray(String[]::new);
    }
}

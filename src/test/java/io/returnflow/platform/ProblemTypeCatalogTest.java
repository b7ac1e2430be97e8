package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every problem type the code answers is in {@link ProblemType}, the catalogue the OpenAPI document is written
 * from, and the catalogue holds no type the code never answers. Found where the code names a type: after
 * {@code ApiProblem.TYPE_BASE}, and as the type argument of the problem factories and constructors.
 */
class ProblemTypeCatalogTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final List<Pattern> TYPE_NAMED = List.of(
            Pattern.compile("TYPE_BASE \\+ \"([a-z-]+)\""),
            Pattern.compile("ApiProblem\\.(?:conflict|unprocessable)\\(\"([a-z-]+)\""),
            Pattern.compile("(?:new \\w*Problem|super|problem)\\((?:\\w+, \\w+, )?HttpStatus\\.\\w+, \"([a-z-]+)\""));
    /** A type taken from the catalogue itself, e.g. by the web server's error answers. */
    private static final Pattern TYPE_REFERENCED = Pattern.compile("(?<!platform\\.)ProblemType\\.([A-Z_]+)\\b");
    /** A subclass of ApiProblem may choose its type by a switch. */
    private static final Pattern TYPE_CHOSEN = Pattern.compile("case \\w+ -> \"([a-z-]+)\";");
    /** What {@code ApiProblem.invalid(..)} and {@code ApiProblem.notFound(..)} answer. */
    private static final Set<String> FACTORY_TYPES = Set.of("validation", "not-found");
    /** Answered on the engine's REST API (a refused Tasklist decision), which this document does not describe. */
    private static final Set<String> OUTSIDE_THE_DOCUMENT = Set.of(TaskSubmissionCheck.PROBLEM_TYPE);

    @Test
    void theCatalogueHoldsExactlyTheProblemTypesTheCodeAnswers() throws IOException {
        Set<String> answered = new TreeSet<>(FACTORY_TYPES);
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.endsWith("ProblemType.java")) {
                    continue;
                }
                String source = Files.readString(file, StandardCharsets.UTF_8);
                List<Pattern> patterns = new java.util.ArrayList<>(TYPE_NAMED);
                if (source.contains("extends ApiProblem")) {
                    patterns.add(TYPE_CHOSEN);
                }
                Matcher referenced = TYPE_REFERENCED.matcher(source);
                while (referenced.find()) {
                    if (!referenced.group(1).equals("VALUES")) {
                        answered.add(ProblemType.valueOf(referenced.group(1)).typeName());
                    }
                }
                for (Pattern pattern : patterns) {
                    Matcher matcher = pattern.matcher(source);
                    while (matcher.find()) {
                        answered.add(matcher.group(1));
                    }
                }
            }
        }
        // what the web server, Spring MVC's defaults and the error path answer, by status
        for (int status = 400; status < 600; status++) {
            answered.add(ProblemType.forStatus(status).typeName());
        }
        answered.removeAll(OUTSIDE_THE_DOCUMENT);
        Set<String> catalogued = Arrays.stream(ProblemType.values())
                .map(ProblemType::typeName).collect(Collectors.toCollection(TreeSet::new));

        assertThat(answered).as("problem types of the code; ProblemType must list each").isEqualTo(catalogued);
    }
}

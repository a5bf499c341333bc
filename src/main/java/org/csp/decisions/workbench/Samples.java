package org.csp.decisions.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus of sample partnerships shipped with the service ({@code workbench/samples.json}): the A.10 example
 * and partnerships that exercise other parts of the catalogue. Validate compares every sample's findings under the
 * served rules and under the changed rules, so an analyst sees a change's impact before publishing it.
 */
@ApplicationScoped
public class Samples {
    public static final String RESOURCE = "workbench/samples.json";

    /** One sample: a display name and an evaluation request. */
    public record Sample(String name, JsonNode request) {
    }

    private final List<Sample> samples;

    @Inject
    public Samples(ObjectMapper json) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            List<Sample> list = new ArrayList<>();
            for (JsonNode s : json.readTree(in).path("samples")) {
                list.add(new Sample(s.path("name").asText(), s.path("request")));
            }
            samples = List.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public List<Sample> all() {
        return samples;
    }

    /** The FINDINGS.md A.10 example (the first sample). */
    public Sample a10() {
        return samples.get(0);
    }
}

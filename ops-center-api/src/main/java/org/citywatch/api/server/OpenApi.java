package org.citywatch.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;

/**
 * The API's OpenAPI 3.0 document: written by hand in {@code citywatch/openapi.yaml} (people read and review it
 * there), served as JSON at {@code GET /api/openapi.json}. A test holds it to the server's route table both ways.
 */
public final class OpenApi {

    public static final String RESOURCE = "/citywatch/openapi.yaml";

    private OpenApi() {
    }

    /** The document as a tree. */
    public static JsonNode document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the jar");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document is not valid YAML: " + e.getMessage(), e);
        }
    }

    static String json() {
        return document().toString();
    }
}

package org.citywatch.api.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;

/** The YAML mapper of the configuration, and the type of a plain configuration tree. */
final class AppConfigJson {

    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() { };

    private AppConfigJson() {
    }
}

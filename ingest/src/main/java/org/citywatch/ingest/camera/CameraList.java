package org.citywatch.ingest.camera;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The city's camera list, read from YAML. Entries are read one by one: a malformed entry is reported
 * (with its id where it has one) and left out, and never stops the others from loading.
 *
 * <pre>
 * cameras:
 *   - id: cam-001
 *     name: Ben Thanh roundabout
 *     url: rtsp://user:pass@10.0.0.5/stream1
 *     kind: traffic            # traffic | ward
 *     district: District 1
 *     latitude: 10.7721
 *     longitude: 106.6983
 * </pre>
 *
 * @param cameras the valid cameras, in file order
 * @param errors  one line per rejected entry
 */
public record CameraList(List<Camera> cameras, List<String> errors) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The fields of one entry, as written; {@link #toCamera()} checks them. */
    record Entry(String id, String name, String url, String kind, String district, Double latitude, Double longitude) {
        Camera toCamera() {
            if (latitude == null || longitude == null) {
                throw new IllegalArgumentException("camera " + id + " needs latitude and longitude");
            }
            CameraKind k;
            try {
                k = kind == null ? CameraKind.TRAFFIC : CameraKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("camera " + id + " has kind '" + kind + "'; expected traffic or ward");
            }
            return new Camera(id, name, url, k, district, latitude, longitude);
        }
    }

    public CameraList {
        cameras = List.copyOf(cameras);
        errors = List.copyOf(errors);
    }

    /** Reads a YAML file whose top level has a {@code cameras:} list. */
    public static CameraList read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || !root.has("cameras")) {
            throw new IOException(file + " has no 'cameras:' list");
        }
        return fromNode(root.get("cameras"));
    }

    /** Reads a list of camera entries (a YAML or JSON array). */
    public static CameraList fromNode(JsonNode array) {
        List<Camera> cameras = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (array == null || !array.isArray()) {
            errors.add("'cameras' must be a list");
            return new CameraList(cameras, errors);
        }
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode node : array) {
            index++;
            String label = "camera #" + index + (node.hasNonNull("id") ? " (id " + node.get("id").asText() + ")" : "");
            try {
                Camera camera = YAML.treeToValue(node, Entry.class).toCamera();
                if (!ids.add(camera.id())) {
                    errors.add(label + ": duplicate id, entry ignored");
                    continue;
                }
                cameras.add(camera);
            } catch (IOException | IllegalArgumentException e) {
                errors.add(label + ": " + Redaction.text(firstLine(e.getMessage())));
            }
        }
        return new CameraList(cameras, errors);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid entry";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

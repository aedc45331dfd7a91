package org.citywatch.assets;

import java.util.List;

/** No place yielded the asset. The message names every place tried, and why each failed. */
public final class AssetNotFoundException extends RuntimeException {

    private final List<String> attempts;

    AssetNotFoundException(AssetRef ref, List<String> attempts) {
        super(message(ref, attempts));
        this.attempts = List.copyOf(attempts);
    }

    /** One line per place tried, in the order tried. */
    public List<String> attempts() {
        return attempts;
    }

    private static String message(AssetRef ref, List<String> attempts) {
        StringBuilder sb = new StringBuilder("Could not find ").append(ref.folder()).append('/').append(ref.file())
                .append(". Places tried, in order:");
        for (int i = 0; i < attempts.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(attempts.get(i));
        }
        sb.append("\nSet CITYWATCH_ASSETS to a directory holding ").append(ref.folder()).append('/').append(ref.file())
                .append(", or place the shared/ folder beside the checkout.");
        return sb.toString();
    }
}

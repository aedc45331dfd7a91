package org.citywatch.analytics.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Linear assignment with a cost threshold, for rectangular cost matrices: which rows go with which columns.
 *
 * <p>The objective is the one ByteTrack gets from {@code lap.lapjv(cost, extend_cost=True, cost_limit=max)}: only
 * pairs with {@code cost < maxCost} may be matched, and the matching minimises {@code sum(cost - maxCost)} over the
 * matched pairs. So a pair is worth matching only by how much it beats the threshold, and one excellent pair is
 * preferred to two poor ones; it does not maximise the number of pairs at any price.
 *
 * <p>How: the rows and columns are split into the connected components of the graph of allowed pairs (after
 * tracking, most tracks can only reach the one or two detections that overlap them, so the components are small
 * and a storm of detections costs little); each component is solved exactly by the Hungarian method with
 * potentials (shortest augmenting paths, {@code O(n^2 m)} for {@code n <= m}) on the costs
 * {@code min(0, cost - maxCost)}. With at least as many columns as rows, every partial matching of allowed pairs
 * extends to a full one whose other pairs cost 0, so the full optimum is the thresholded optimum; pairs that come
 * out of it with a forbidden cost are then simply unmatched.
 *
 * <p>Stateless and thread-safe.
 */
final class Assignment {

    private Assignment() {
    }

    /**
     * The optimal matching.
     *
     * @param cost    {@code cost[row][col]}, all rows the same length; NaN or {@code >= maxCost} means "never"
     * @param maxCost pairs must cost strictly less than this
     * @return for each row, its column, or -1 when the row stays unmatched
     */
    static int[] solve(double[][] cost, double maxCost) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        for (double[] row : cost) {
            if (row.length != cols) {
                throw new IllegalArgumentException("cost matrix rows differ in length");
            }
        }
        int[] rowToCol = new int[rows];
        Arrays.fill(rowToCol, -1);
        if (rows == 0 || cols == 0) {
            return rowToCol;
        }
        // Union-find over rows (0..rows-1) and columns (rows..rows+cols-1) joined by allowed pairs.
        int[] parent = new int[rows + cols];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        boolean[] paired = new boolean[rows + cols]; // has at least one allowed pair
        boolean any = false;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (allowed(cost[r][c], maxCost)) {
                    union(parent, r, rows + c);
                    paired[r] = true;
                    paired[rows + c] = true;
                    any = true;
                }
            }
        }
        if (!any) {
            return rowToCol;
        }
        // Group the rows and columns of each component that has at least one allowed pair.
        int[] componentOf = new int[rows + cols];
        Arrays.fill(componentOf, -1);
        List<List<Integer>> compRows = new ArrayList<>();
        List<List<Integer>> compCols = new ArrayList<>();
        for (int i = 0; i < rows + cols; i++) {
            if (!paired[i]) {
                continue;
            }
            int root = find(parent, i);
            if (componentOf[root] < 0) {
                componentOf[root] = compRows.size();
                compRows.add(new ArrayList<>());
                compCols.add(new ArrayList<>());
            }
            (i < rows ? compRows : compCols).get(componentOf[root]).add(i < rows ? i : i - rows);
        }
        for (int k = 0; k < compRows.size(); k++) {
            solveComponent(cost, maxCost, compRows.get(k), compCols.get(k), rowToCol);
        }
        return rowToCol;
    }

    private static void solveComponent(double[][] cost, double maxCost, List<Integer> rs, List<Integer> cs,
                                       int[] rowToCol) {
        boolean transpose = rs.size() > cs.size();
        List<Integer> small = transpose ? cs : rs;
        List<Integer> large = transpose ? rs : cs;
        int n = small.size();
        int m = large.size();
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double c = transpose ? cost[large.get(j)][small.get(i)] : cost[small.get(i)][large.get(j)];
                a[i][j] = allowed(c, maxCost) ? c - maxCost : 0;
            }
        }
        int[] match = hungarian(a, n, m);
        for (int i = 0; i < n; i++) {
            int j = match[i];
            int r = transpose ? large.get(j) : small.get(i);
            int c = transpose ? small.get(i) : large.get(j);
            if (allowed(cost[r][c], maxCost)) {
                rowToCol[r] = c;
            }
        }
    }

    /**
     * Minimum-cost assignment of every row to a distinct column, {@code n <= m}: the classic shortest augmenting
     * path method with row and column potentials (Kuhn-Munkres as refined by Jonker-Volgenant and others), written
     * 1-based with a virtual column 0.
     */
    static int[] hungarian(double[][] a, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];   // p[j]: the row assigned to column j (0 = none)
        int[] way = new int[m + 1]; // way[j]: the previous column on the augmenting path
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                rowToCol[p[j] - 1] = j - 1;
            }
        }
        return rowToCol;
    }

    static boolean allowed(double c, double maxCost) {
        return c < maxCost; // false for NaN
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[ra] = rb;
        }
    }
}

package org.citywatch.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static final double EPS = 1e-9;

    @Test
    void matchesBruteForceOnRandomSmallMatrices() {
        Random random = new Random(20240611L);
        for (int run = 0; run < 2_000; run++) {
            int rows = 1 + random.nextInt(7);
            int cols = 1 + random.nextInt(7);
            double maxCost = 0.2 + random.nextDouble() * 0.8;
            double[][] cost = randomCosts(random, rows, cols, run);
            int[] got = Assignment.solve(cost, maxCost);
            String context = "run " + run + " maxCost " + maxCost + " cost " + Arrays.deepToString(cost)
                    + " got " + Arrays.toString(got);
            assertValid(cost, maxCost, got, context);
            double best = bruteForce(cost, maxCost, 0, new boolean[cols]);
            assertThat(objective(cost, maxCost, got)).as(context).isCloseTo(best, Offset.offset(EPS));
        }
    }

    /** Mixes continuous costs, coarse ones (many ties), forbidden pairs (NaN, infinite, over the threshold). */
    private static double[][] randomCosts(Random random, int rows, int cols, int run) {
        double[][] cost = new double[rows][cols];
        for (double[] row : cost) {
            for (int c = 0; c < cols; c++) {
                double x = switch (run % 3) {
                    case 0 -> random.nextDouble();
                    case 1 -> random.nextInt(5) / 4.0; // ties and exact threshold hits
                    default -> random.nextDouble() * 1.5;
                };
                int special = random.nextInt(20);
                row[c] = special == 0 ? Double.NaN : special == 1 ? Double.POSITIVE_INFINITY : x;
            }
        }
        return cost;
    }

    @Test
    void prefersOneGoodPairToTwoPoorOnes() {
        // Two pairs (0.79 + 0.79) beat the threshold by 0.02 in all; the diagonal pair 0.1 beats it by 0.7.
        double[][] cost = {{0.1, 0.79}, {0.79, 0.95}};
        assertThat(Assignment.solve(cost, 0.8)).containsExactly(0, -1);
    }

    @Test
    void neverMatchesAtOrOverTheThreshold() {
        assertThat(Assignment.solve(new double[][] {{0.8, 0.9}, {1.0, Double.NaN}}, 0.8)).containsExactly(-1, -1);
    }

    @Test
    void handlesEmptyAndOneSidedMatrices() {
        assertThat(Assignment.solve(new double[0][0], 0.5)).isEmpty();
        assertThat(Assignment.solve(new double[3][0], 0.5)).containsExactly(-1, -1, -1);
        assertThat(Assignment.solve(new double[][] {{0.1, 0.2, 0.0}}, 0.5)).containsExactly(2);
        assertThat(Assignment.solve(new double[][] {{0.3}, {0.1}, {0.2}}, 0.5)).containsExactly(-1, 0, -1);
    }

    @Test
    void rejectsRaggedMatrices() {
        assertThatThrownBy(() -> Assignment.solve(new double[][] {{0.1, 0.2}, {0.1}}, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largeSparseMatrixIsSolvedByComponents() {
        // 500 x 1000 where row i may only take column 2i (0.3) or 2i+1 (0.1): 500 small components, the shape a
        // storm of scattered detections gives. The answer is known.
        int n = 500;
        double[][] cost = new double[n][2 * n];
        for (double[] row : cost) {
            Arrays.fill(row, 1.0);
        }
        for (int i = 0; i < n; i++) {
            cost[i][2 * i] = 0.3;
            cost[i][2 * i + 1] = 0.1;
        }
        int[] got = Assignment.solve(cost, 0.8);
        assertValid(cost, 0.8, got, "components");
        for (int i = 0; i < n; i++) {
            assertThat(got[i]).isEqualTo(2 * i + 1);
        }
    }

    private static void assertValid(double[][] cost, double maxCost, int[] rowToCol, String context) {
        assertThat(rowToCol).as(context).hasSize(cost.length);
        boolean[] used = new boolean[cost.length == 0 ? 0 : cost[0].length];
        for (int r = 0; r < rowToCol.length; r++) {
            int c = rowToCol[r];
            if (c < 0) {
                assertThat(c).as(context).isEqualTo(-1);
                continue;
            }
            assertThat(used[c]).as("%s: column %d used twice", context, c).isFalse();
            used[c] = true;
            assertThat(cost[r][c] < maxCost).as("%s: pair %d-%d allowed", context, r, c).isTrue();
        }
    }

    private static double objective(double[][] cost, double maxCost, int[] rowToCol) {
        double sum = 0;
        for (int r = 0; r < rowToCol.length; r++) {
            if (rowToCol[r] >= 0) {
                sum += cost[r][rowToCol[r]] - maxCost;
            }
        }
        return sum;
    }

    /** The best sum of (cost - maxCost) over every partial matching of allowed pairs, by trying them all. */
    private static double bruteForce(double[][] cost, double maxCost, int row, boolean[] used) {
        if (row == cost.length) {
            return 0;
        }
        double best = bruteForce(cost, maxCost, row + 1, used); // this row unmatched
        for (int c = 0; c < used.length; c++) {
            if (!used[c] && cost[row][c] < maxCost) {
                used[c] = true;
                best = Math.min(best, cost[row][c] - maxCost + bruteForce(cost, maxCost, row + 1, used));
                used[c] = false;
            }
        }
        return best;
    }
}

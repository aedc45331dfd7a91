package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code analytics.device} as operators write it. */
class ExecutionDeviceTest {

    @Test
    void cpu() {
        assertThat(ExecutionDevice.parse("cpu")).isEqualTo(ExecutionDevice.CPU);
        assertThat(ExecutionDevice.parse(" CPU ")).isEqualTo(ExecutionDevice.CPU); // as typed in a config file
        assertThat(ExecutionDevice.CPU.cuda()).isFalse();
        assertThat(ExecutionDevice.CPU).hasToString("cpu");
    }

    @Test
    void cudaMeansTheFirstGpu() {
        assertThat(ExecutionDevice.parse("cuda")).isEqualTo(new ExecutionDevice(true, 0));
        assertThat(ExecutionDevice.parse("GPU")).isEqualTo(new ExecutionDevice(true, 0));
        assertThat(ExecutionDevice.parse("cuda")).hasToString("cuda:0");
    }

    @Test
    void cudaWithIndex() {
        ExecutionDevice second = ExecutionDevice.parse("cuda:1");
        assertThat(second.cuda()).isTrue();
        assertThat(second.gpuId()).isEqualTo(1);
        // What is logged parses back to the same device.
        assertThat(ExecutionDevice.parse(second.toString())).isEqualTo(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "tpu", "cuda:", "cuda:x", "cuda:-1", "cuda:1.5", "cuda1", "cpu:0"})
    void badValuesNameTheSetting(String text) {
        assertThatThrownBy(() -> ExecutionDevice.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("analytics.device must be cpu, cuda or cuda:N")
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void negativeGpuIndexRefused() {
        assertThatThrownBy(() -> new ExecutionDevice(true, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}

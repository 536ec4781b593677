"""Hidden tests of *The brain as a computer* (``book/part1/brain_as_computer.ipynb``)."""

from grading import hidden_test


@hidden_test("brain-events")
def test_events_span_a_factor_of_fifty(events_exercise):
    low, high = (float(value) for value in events_exercise)
    assert 0 < low < high
    assert abs(high / low - 2.5 * 2 * 10) < 1e-6, "each of the three factors spans its own range"


@hidden_test("brain-transposed-conv-macs")
def test_transposed_conv_macs_of_other_layers(transposed_conv_macs):
    assert transposed_conv_macs(1, 1, 1, 1, 1) == 1
    assert transposed_conv_macs(2, 3, 3, 5, 7) == 2 * 3 * 3 * 3 * 5 * 7
    assert transposed_conv_macs(14, 14, 4, 64, 2) == 2 * transposed_conv_macs(14, 14, 4, 64, 1)


@hidden_test("brain-forward-energy")
def test_energy_is_a_little_above_a_quarter_of_the_larger_generator(energy):
    import ganlib

    larger = 64 * ganlib.multiply_accumulates(ganlib.dcgan_generator(latent_dim=64, filters=64))["total"] * 4.6e-12
    assert 0.25 * larger < float(energy) < 0.3 * larger


MISTAKE = (
    "brain-transposed-conv-macs",
    """
    def transposed_conv_macs(height, width, kernel, in_channels, filters):
        return (2 * height) * (2 * width) * kernel * kernel * in_channels * filters  # per output pixel
    """,
)

import Testing
@testable import CheckmateAnalysis

@Suite struct PlotAxisTests {
    @Test func niceSteps() {
        #expect(PlotAxis.niceStep(0.7) == 1)
        #expect(PlotAxis.niceStep(1.3) == 2)
        #expect(PlotAxis.niceStep(3) == 5)
        #expect(PlotAxis.niceStep(7) == 10)
        #expect(abs(PlotAxis.niceStep(0.023) - 0.05) < 1e-12)
    }

    @Test func bytesAxisPicksTheBinaryUnit() {
        let scale = PlotAxis(label: "budget", unit: .bytes).scale(for: [3 * 0x1p30, 8 * 0x1p30])
        #expect(scale.title == "budget (GiB)")
        #expect(scale.labels == ["3", "4", "5", "6", "7", "8"])
        #expect(scale.ticks.first == 3 * 0x1p30 && scale.lower == 3 * 0x1p30 && scale.upper == 8 * 0x1p30)
    }

    @Test func widensToWholeTicksUnlessTight() {
        let loose = PlotAxis(label: "x").scale(for: [0.3, 9.2])
        #expect(loose.lower == 0 && loose.upper == 10)
        #expect(loose.labels == ["0", "2", "4", "6", "8", "10"])
        let tight = PlotAxis(label: "x", unit: .count, tight: true).scale(for: [0, 37], tickCount: 8)
        #expect(tight.lower == 0 && tight.upper == 37)
        #expect(tight.ticks == [0, 10, 20, 30])
    }

    @Test func countAxesNeverTickBetweenWholeNumbers() {
        let scale = PlotAxis(label: "stage", unit: .count).scale(for: [0, 3])
        #expect(scale.ticks.allSatisfy { $0 == $0.rounded() })
    }

    @Test func flatDataStillGetsARange() {
        let scale = PlotAxis(label: "overhead").scale(for: [1, 1])
        #expect(scale.lower < 1 && scale.upper > 1)
        #expect(scale.position(1, from: 0, to: 100) > 0)
    }

    @Test func includedValuesWidenTheRange() {
        let scale = PlotAxis(label: "overhead", includes: [1]).scale(for: [1.4, 2.2])
        #expect(scale.lower <= 1)
        #expect(scale.labels.first == "1.0")
    }
}

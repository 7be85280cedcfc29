import Testing
import Checkmate
@testable import CheckmateModels

@Suite struct ZooTests {
    @Test(arguments: Zoo.models.map(\.name))
    func parameterCountMatchesThePublishedFigure(name: String) throws {
        let model = try #require(Zoo.model(named: name))
        let network = try model.network(batch: 1)
        #expect(network.parameterCount == model.parameterCount)
    }
}

// swift-tools-version: 6.1
import PackageDescription

let strictness: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Checkmate",
    products: [
        .library(name: "Checkmate", targets: ["Checkmate"]),
        .library(name: "CheckmateAnalysis", targets: ["CheckmateAnalysis"]),
        .library(name: "CheckmateModels", targets: ["CheckmateModels"]),
        .executable(name: "checkmate", targets: ["checkmate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "Checkmate", swiftSettings: strictness),
        .systemLibrary(name: "CHiGHS", pkgConfig: "highs"),
        .target(name: "CheckmateHiGHS", dependencies: ["Checkmate", "CHiGHS"], swiftSettings: strictness),
        .target(name: "CheckmateModels", dependencies: ["Checkmate"], swiftSettings: strictness),
        .target(
            name: "CheckmateAnalysis", dependencies: ["Checkmate", "CheckmateHiGHS", "CheckmateModels"],
            swiftSettings: strictness),
        .executableTarget(
            name: "checkmate",
            dependencies: [
                "Checkmate",
                "CheckmateAnalysis",
                "CheckmateModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(name: "CheckmateTests", dependencies: ["Checkmate", "CheckmateAnalysis"], swiftSettings: strictness),
        .testTarget(name: "CheckmateModelsTests", dependencies: ["Checkmate", "CheckmateAnalysis", "CheckmateModels"], swiftSettings: strictness),
        .testTarget(
            name: "CheckmateHiGHSTests",
            dependencies: ["Checkmate", "CheckmateHiGHS", "CheckmateAnalysis"],
            swiftSettings: strictness
        ),
    ]
)

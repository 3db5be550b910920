// The umbrella module: `import Swarm` brings in every Swarm module.
@_exported import SwarmCore
@_exported import SwarmPool
@_exported import SwarmArray
@_exported import SwarmScience
@_exported import SwarmScheduler
@_exported import SwarmCluster

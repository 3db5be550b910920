// `Complex` is part of NDArray's API (`NDArray<Complex<Double>>`), so
// importing SwarmArray brings it along, as NumPy brings `complex128`.
@_exported import ComplexModule

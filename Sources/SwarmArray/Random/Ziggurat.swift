import RealModule

/// Marsaglia and Tsang's ziggurat with 256 layers, as NumPy's
/// `random_standard_normal` and `random_standard_exponential`: one 64-bit
/// word per draw on the fast path, with NumPy's tables and tail handling.
enum Ziggurat {
    /// The start of the normal tail (`ziggurat_nor_r`).
    static let normalR = Double(bitPattern: 0x400d_3bb4_8209_ad33)
    /// 1 / ``normalR`` (`ziggurat_nor_inv_r`).
    static let normalInverseR = Double(bitPattern: 0x3fd1_83aa_6c20_e8c1)
    /// The start of the exponential tail (`ziggurat_exp_r`).
    static let exponentialR = Double(bitPattern: 0x401e_c9d9_297e_bb83)
}

extension PCG64 {
    /// A standard normal value, as NumPy's `random_standard_normal`.
    mutating func standardNormal() -> Double {
        while true {
            var word = next()
            let layer = Int(word & 0xff)
            word >>= 8
            let isNegative = word & 1 == 1
            let magnitude = (word >> 1) & 0x000f_ffff_ffff_ffff
            var x = Double(magnitude) * Double(bitPattern: Ziggurat.normalW[layer])
            if isNegative { x = -x }
            if magnitude < Ziggurat.normalK[layer] {
                return x  // 99.3% of draws end here.
            }
            if layer == 0 {
                // The tail beyond r; 1 - U avoids log(0).
                while true {
                    let xx = -Ziggurat.normalInverseR * Double.log(onePlus: -nextDouble())
                    let yy = -Double.log(onePlus: -nextDouble())
                    if yy + yy > xx * xx {
                        return (magnitude >> 8) & 1 == 1 ? -(Ziggurat.normalR + xx) : Ziggurat.normalR + xx
                    }
                }
            } else {
                let upper = Double(bitPattern: Ziggurat.normalF[layer - 1])
                let lower = Double(bitPattern: Ziggurat.normalF[layer])
                if (upper - lower) * nextDouble() + lower < Double.exp(-0.5 * x * x) {
                    return x
                }
            }
        }
    }

    /// A standard exponential value, as NumPy's `random_standard_exponential`.
    mutating func standardExponential() -> Double {
        while true {
            var word = next() >> 3
            let layer = Int(word & 0xff)
            word >>= 8
            let x = Double(word) * Double(bitPattern: Ziggurat.exponentialW[layer])
            if word < Ziggurat.exponentialK[layer] {
                return x  // 98.9% of draws end here.
            }
            if layer == 0 {
                // The tail beyond r; 1 - U avoids log(0).
                return Ziggurat.exponentialR - Double.log(onePlus: -nextDouble())
            }
            let upper = Double(bitPattern: Ziggurat.exponentialF[layer - 1])
            let lower = Double(bitPattern: Ziggurat.exponentialF[layer])
            if (upper - lower) * nextDouble() + lower < Double.exp(-x) {
                return x
            }
            // Rejected: NumPy starts over with a fresh draw.
        }
    }
}

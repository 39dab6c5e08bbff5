import AWS
import Validation

/// The sample's candidates (docs/VALIDATE.md, "Sample"): the converted rows with the smallest
/// (sample hash, canonical key bytes), 2N of them — or every row when N is not known before the
/// pass (`--sample-fraction`, `--full`), which then holds the table's items in memory.
struct SampleCandidates {
    struct Candidate {
        var key: [UInt8]
        var item: DynamoDBItem
    }

    private let seed: Int
    private var bounded: BottomKSampler<DynamoDBItem>?
    private var all: [(hash: UInt64, candidate: Candidate)] = []

    init(capacity: Int?, seed: Int) {
        self.seed = seed
        bounded = capacity.map { BottomKSampler(k: $0) }
    }

    mutating func offer(key: [UInt8], item: DynamoDBItem) {
        let hash = CanonicalKey.sampleHash(seed: seed, keyBytes: key)
        if bounded != nil {
            bounded!.offer(hash: hash, key: key, value: item)
        } else {
            all.append((hash, Candidate(key: key, item: item)))
        }
    }

    /// The candidates, smallest (hash, key) first.
    func ordered() -> [Candidate] {
        if let bounded { return bounded.sorted().map { Candidate(key: $0.key, item: $0.value) } }
        return all.sorted { a, b in
            a.hash != b.hash ? a.hash < b.hash : a.candidate.key.lexicographicallyPrecedes(b.candidate.key)
        }.map(\.candidate)
    }
}

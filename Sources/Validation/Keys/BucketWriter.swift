/// One partitioning level: `fanout` bucket files `<directory>/<name><i>`, each fed through its
/// own write buffer of `layout.writeBufferBytes`, so memory holds at most one buffer per bucket
/// however many keys pass through.
struct BucketWriter {
    /// A bucket file that received at least one record.
    struct File {
        let path: String
        /// Its name, the prefix of the files it is re-partitioned into.
        let name: String
        let bytes: Int
    }

    let seed: UInt64
    private let layout: BucketLayout
    private let directory: String
    private let name: String
    private var buffers: [[UInt8]]
    private var written: [Int]

    /// Bytes appended to the files so far.
    private(set) var bytesWritten = 0

    init(directory: String, name: String, seed: UInt64, layout: BucketLayout) {
        self.directory = directory
        self.name = name
        self.seed = seed
        self.layout = layout
        // Buffers grow on first use: a small table never allocates all of them.
        buffers = Array(repeating: [], count: layout.fanout)
        written = Array(repeating: 0, count: layout.fanout)
    }

    mutating func append(side: KeyRecord.Side, key: UnsafeBufferPointer<UInt8>, tag: UInt32 = 0) throws {
        let bucket = BucketHash.bucket(of: key, seed: seed, fanout: layout.fanout)
        KeyRecord.append(side: side, key: key, tag: tag, to: &buffers[bucket])
        if buffers[bucket].count >= layout.writeBufferBytes { try flush(bucket) }
    }

    /// Writes out every buffer and frees them; the files that hold records, in bucket order.
    mutating func finish() throws -> [File] {
        for bucket in 0..<layout.fanout { try flush(bucket) }
        buffers = []
        return written.indices.compactMap { bucket in
            written[bucket] == 0 ? nil : File(path: path(bucket), name: name + String(bucket), bytes: written[bucket])
        }
    }

    private func path(_ bucket: Int) -> String { directory + "/" + name + String(bucket) }

    private mutating func flush(_ bucket: Int) throws {
        let count = buffers[bucket].count
        guard count > 0 else { return }
        let path = path(bucket)
        try buffers[bucket].withUnsafeBytes { try ScratchIO.append($0, to: path) }
        written[bucket] += count
        bytesWritten += count
        buffers[bucket].removeAll(keepingCapacity: true)
    }
}

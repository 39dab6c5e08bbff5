import AWS
import Foundation

/// The S3 bucket of the migration's scripts, temp data, dead letters and reports. It must be in
/// the config's region: Glue reads the scripts and `--TempDir` from it, and a bucket elsewhere
/// means cross-region requests (and charges) on every read. When it is missing, `deploy` creates
/// it there, with default encryption and all public access blocked.
public enum ArtifactsBucket {
    public enum Location: Sendable, Equatable {
        case missing
        case region(String)
    }

    /// GetBucketLocation, normalised (`S3Client.getBucketRegion`).
    public static func locate(_ bucket: String, s3: S3Client) async throws -> Location {
        do { return .region(try await s3.getBucketRegion(bucket)) } catch let error as AWSError where error.code == "NoSuchBucket" || error.statusCode == 404 {
            return .missing
        } catch let error as AWSError where error.code == "AccessDenied" || error.statusCode == 403 {
            throw DeployFailure.targetWrong("S3 bucket \(bucket) exists but its location cannot be read (\(error.code)): bucket names are global, so it may belong to another account; if it is yours, the caller needs s3:GetBucketLocation on it, else choose another s3.bucket in the config and regenerate")
        } catch {
            throw DeployFailure.from(error, while: "reading the location of S3 bucket \(bucket)")
        }
    }

    /// The precondition: an existing bucket is in `region`.
    public static func check(_ location: Location, bucket: String, region: String) -> CheckReport {
        switch location {
        case .missing:
            return CheckReport(notes: ["S3 bucket \(bucket) does not exist yet: deploy creates it in \(region) (default encryption SSE-S3, all public access blocked)"])
        case .region(let r) where r == region:
            return CheckReport(notes: ["S3 bucket \(bucket) is in \(region)"])
        case .region(let r):
            return CheckReport(problems: ["S3 bucket \(bucket) is in \(r), the config's region is \(region): the jobs read their scripts and temp data from it, so use a bucket in \(region) (set s3.bucket in the config and regenerate) or move the migration to \(r)"])
        }
    }

    /// CreateBucket in `region`, then default encryption and the public access block. Creating
    /// is not atomic with the two settings, so they are put even when CreateBucket reports the
    /// bucket already ours (a retry after a half-done deploy).
    public static func create(_ bucket: String, region: String, s3: S3Client) async throws {
        do { try await s3.createBucket(bucket, region: region) } catch let error as AWSError where error.code == "BucketAlreadyOwnedByYou" {
            // Ours already (an earlier deploy stopped after CreateBucket): finish the settings.
        } catch let error as AWSError where error.code == "BucketAlreadyExists" {
            throw DeployFailure.targetWrong("S3 bucket name \(bucket) is taken by another account (bucket names are global): choose another s3.bucket in the config and regenerate")
        }
        try await s3.putBucketEncryption(bucket)
        try await s3.putPublicAccessBlock(bucket)
    }
}

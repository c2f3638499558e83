import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** An S3 key pair. The access key is an identifier; only the secret key is a secret. */
export interface S3Credentials {
  readonly accessKey: pulumi.Output<string>;
  readonly secretKey: pulumi.Output<string>;
}

/** Generates a key pair, kept in Pulumi state (the secret key encrypted). */
export function generateS3Credentials(name: string, parent: pulumi.Resource): S3Credentials {
  const accessKey = new random.RandomString(`${name}-access-key`, { length: 20, special: false, lower: false }, { parent });
  const secretKey = new random.RandomPassword(`${name}-secret-key`, { length: 40, special: false }, { parent });
  return { accessKey: accessKey.result, secretKey: secretKey.result };
}

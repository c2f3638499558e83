import * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../lib/capabilities";
import type { CredentialSink } from "../lib/credentials";
import { ArangoDb, type ArangoDbArgs } from "./arangodb";
import { BarmanCloud } from "./barman-cloud";
import { Kafka, type KafkaArgs } from "./kafka";
import { KafkaUi, type KafkaUiArgs } from "./kafka-ui";
import { Keda, type KedaArgs } from "./keda";
import { type VolumeBackupOperatorArgs, VolumeBackupOperator } from "./volume-backups";
import type { Scaling } from "./keda-scaled-objects";
import { type BackupPolicy, type PostgresBackups, postgresBackups } from "./postgres-backups";
import { type DatabaseSpec, PostgresDatabases } from "./postgres-databases";

export interface DataArgs {
  /** PostgreSQL databases the stack file declares. */
  readonly databases: readonly DatabaseSpec[];
  /** Backups to the platform's S3; absent when switched off. @default none */
  readonly backups?: {
    readonly policy: BackupPolicy;
    /** The bucket's key pair. */
    readonly credentials: { readonly accessKey: pulumi.Input<string>; readonly secretKey: pulumi.Input<string> };
  };
  readonly storageClass: string;
  readonly sizing: SizingProfile;
  /** The CloudNativePG operator's readiness (its webhook gate). */
  readonly postgresOperator: pulumi.Resource;
  /** cert-manager's readiness, which the backup plugin's certificates need. */
  readonly certManager: pulumi.Resource;
  readonly credentials: CredentialSink;
  /** Strimzi, the Kafka cluster and Kafka UI; absent when switched off. @default none */
  readonly kafka?: Omit<KafkaArgs, "exposure" | "storageClass" | "sizing" | "credentials"> & Pick<KafkaUiArgs, "exposure" | "caCertificate" | "sso">;
  /** KEDA and the declared ScaledObjects; absent when switched off. @default none */
  readonly keda?: Omit<KedaArgs, "sizing">;
  /** ArangoDB; absent when switched off. @default none */
  readonly arangodb?: Omit<ArangoDbArgs, "sizing" | "storageClass" | "credentials">;
  /** Volume backups, with the bucket's key pair; absent when switched off. @default none */
  readonly volumeBackups?: Omit<VolumeBackupOperatorArgs, "sizing" | "sink">;
}

/** The data layer: declared PostgreSQL databases, and backups of every PostgreSQL the platform runs. */
export class Data extends pulumi.ComponentResource {
  readonly databases: PostgresDatabases;
  /** Backups for Clusters in any namespace, when they are on: the later layers' too. */
  readonly postgresBackups?: PostgresBackups;
  readonly kafka?: Kafka;
  readonly kafkaUi?: KafkaUi;
  /** Scaling by KEDA, for the later layers, when it runs. */
  readonly scaling?: Scaling;
  /** ArangoDB, when it runs. */
  readonly arangodb?: ArangoDb;
  /** K8up for later layers' kept volumes, when they are backed up. */
  readonly volumeBackups?: VolumeBackupOperator;

  constructor(name: string, args: DataArgs, opts?: pulumi.ComponentResourceOptions) {
    super("homelab:data:Data", name, {}, opts);
    const child = { parent: this };
    if (args.backups) {
      const plugin = new BarmanCloud("barman-cloud", { sizing: args.sizing, certManager: args.certManager, operator: args.postgresOperator }, child);
      this.postgresBackups = postgresBackups({ ...args.backups, plugin: plugin.ready, operator: args.postgresOperator, sizing: args.sizing, sink: args.credentials });
    }
    this.databases = new PostgresDatabases(
      "databases",
      {
        databases: args.databases,
        backups: this.postgresBackups,
        storageClass: args.storageClass,
        sizing: args.sizing,
        operator: args.postgresOperator,
        credentials: args.credentials,
      },
      child,
    );
    if (args.kafka) {
      const { storageClass, sizing, credentials } = args;
      this.kafka = new Kafka("kafka", { ...args.kafka, storageClass, sizing, credentials }, child);
      this.kafkaUi = new KafkaUi("kafka-ui", { ...args.kafka, sizing, credentials, kafkaPassword: this.kafka.uiPassword }, child);
    }
    if (args.arangodb) {
      this.arangodb = new ArangoDb("arangodb", { ...args.arangodb, sizing: args.sizing, storageClass: args.storageClass, credentials: args.credentials }, child);
    }
    if (args.volumeBackups) {
      this.volumeBackups = new VolumeBackupOperator("k8up", { ...args.volumeBackups, sizing: args.sizing, sink: args.credentials }, child);
    }
    if (args.keda) this.scaling = new Keda("keda", { ...args.keda, sizing: args.sizing }, child).scaling;
    this.registerOutputs({ databases: this.databases, kafka: this.kafka, kafkaUi: this.kafkaUi });
  }
}

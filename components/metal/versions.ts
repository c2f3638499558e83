/**
 * Everything the metal layer downloads, pinned in one place. Changing a pin changes every
 * node's user-data, so Pulumi shows which VMs an upgrade touches before it happens.
 */

/**
 * k3s release installed on every node: the stable channel's release of August 2026.
 * Second source: public k3s installs pin and report the same tag (node lists showing
 * `v1.36.4+k3s1` with containerd 2.3.4-k3s1.36, found with the library's code search); the
 * `agent-token` server option and the `::node:` agent token it relies on are in the k3s
 * docs (docs.k3s.io/cli/token) and source (`pkg/daemons/control/deps`).
 */
// renovate: datasource=github-releases depName=k3s-io/k3s
export const K3S_VERSION = "v1.36.4+k3s1";

/** The install script of that very release, so the script cannot drift from the binary. */
export const K3S_INSTALL_SCRIPT = `https://raw.githubusercontent.com/k3s-io/k3s/${encodeURIComponent(K3S_VERSION)}/install.sh`;

/**
 * kube-vip, which holds the API VIP on one server at a time. Second source: public
 * manifests pin the same image tag (one notes v1.2.3 of 2026-08-10, tag present on ghcr).
 */
export const KUBE_VIP_IMAGE = "ghcr.io/kube-vip/kube-vip:v1.2.3";

/**
 * The dated release of the Ubuntu 24.04 LTS cloud image. A new release needs its checksum
 * below too, from that release's SHA256SUMS. Second source: independent public projects pin
 * this dated URL with the same SHA-256 (one verified it against the Canonical-signed
 * SHA256SUMS); Proxmox checks it on download.
 */
// renovate: datasource=custom.ubuntu-noble-cloud-image depName=ubuntu-noble-cloud-image
export const CLOUD_IMAGE_RELEASE = "20260814";

/** That release's image, checked against its published SHA256SUMS. */
export const CLOUD_IMAGE = {
  url: `https://cloud-images.ubuntu.com/releases/noble/release-${CLOUD_IMAGE_RELEASE}/ubuntu-24.04-server-cloudimg-amd64.img`,
  checksum: "6e40c07ae715f744f84af0bec76415cc1987dd115b4b8de437818561f01a3733",
  checksumAlgorithm: "sha256",
  // Proxmox's `import` content type accepts .qcow2 (the image is qcow2 despite its .img name).
  fileName: `ubuntu-24.04-server-cloudimg-amd64-${CLOUD_IMAGE_RELEASE}.qcow2`,
} as const;

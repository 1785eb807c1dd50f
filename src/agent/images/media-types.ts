// OCI media types and annotation keys used by the image builder.
export const MEDIA_TYPE_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const MEDIA_TYPE_INDEX = 'application/vnd.oci.image.index.v1+json';
export const MEDIA_TYPE_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const MEDIA_TYPE_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** The tag (or full reference) of a manifest inside an OCI image layout; skopeo's `oci:DIR:tag` looks it up. */
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';
/** The full image name containerd gives an imported manifest (`ctr images import` reads it first). */
export const ANNOTATION_CONTAINERD_IMAGE_NAME = 'io.containerd.image.name';

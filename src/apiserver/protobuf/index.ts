export { decodeK8sProtobuf, PROTOBUF_MAGIC, PROTOBUF_MEDIA_TYPE, type ProtobufDefaults } from './decode.js';

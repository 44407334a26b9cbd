/** The e2e specs use the library's helper, so that every test names its Redis keys one way. */
export {
  deleteSharedRedisKeys,
  SHARED_REDIS_URL,
  SharedRedisKeys,
} from '../../libs/conv-file/testing/shared-redis.test-helper';

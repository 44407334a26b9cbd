import { DentryRefDto } from './dentry-ref.dto';

/** Body of SendByApp (OpenAPI). */
export class SendByAppBodyDto extends DentryRefDto {}

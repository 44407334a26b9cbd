// `@nest-dingtalk/conv-file/validation`: the library's id rules for DTOs of your own, with
// class-validator. The only entry point that loads `class-validator`.
export { IsDingTalkId } from './dto/is-dingtalk-id.decorator';
export { toDingTalkValidationError } from './dto/conv-file-input.validator';

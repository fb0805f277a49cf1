import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CaseAbandonReason } from '@madoguchi/domain';
import { CurrentActor, Roles, SchemaValidationPipe } from '@madoguchi/platform';
import { officeIdParam } from '../office/office.params';
import {
  abandonBody,
  cardChangeBody,
  type CardChangeBody,
  cardCheckBody,
  caseIdParam,
  caseSearchQuery,
  type CaseSearchQuery,
  letterReturnedBody,
  type LetterReturnedBody,
  representationProofBody,
  type RepresentationProofBody,
  resetBySupervisorBody,
  type ResetBySupervisorBody,
  verifyNewPinBody,
  type VerifyNewPinBody,
  identityDocumentsBody,
  type IdentityDocumentsBody,
  noBody,
  openCaseBody,
  type OpenCaseBody,
  resetRecordedBody,
  type ResetRecordedBody,
  supervisorExceptionBody,
} from './cases.schemas';
import { type CaseView, CasesService } from './cases.service';
import type { CaseDirectoryEntry } from './directory/case-directory-entry';

const caseId = () => Param('caseId', { schema: caseIdParam });
const empty = () => Body({ schema: noBody });

/**
 * A PIN case at the counter, from the ticket to the card. Refusals answer 409/422 with the rule that
 * refused; what the card said answers 400/409 with the card's code.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller()
@UsePipes(SchemaValidationPipe)
@Roles('clerk', 'supervisor')
export class CasesController {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Post('offices/:officeId/cases')
  @ApiOperation({
    summary:
      'Open a PIN case (eligibility is checked: residents only, legal representatives only for a minor or ward)',
  })
  open(
    @Param('officeId', { schema: officeIdParam }) officeId: string,
    @Body({ schema: openCaseBody }) body: OpenCaseBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.open(officeId, body, actor);
  }

  @Get('offices/:officeId/cases')
  @ApiOperation({
    summary:
      "Find an office's cases to resume one: status, appliedOn, letter=due|overdue, ticketNumber, reference (the inquiry letter's)",
  })
  search(
    @Param('officeId', { schema: officeIdParam }) officeId: string,
    @Query({ schema: caseSearchQuery }) query: CaseSearchQuery,
  ): Promise<CaseDirectoryEntry[]> {
    return this.cases.search(officeId, query);
  }

  @Get('cases/:caseId')
  @ApiOperation({ summary: 'The case as it stands' })
  get(@caseId() id: string): Promise<CaseView> {
    return this.cases.get(id);
  }

  @Post('cases/:caseId/identity-documents')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the identity documents shown (codes and conditions only) and get the verdict',
  })
  identity(
    @caseId() id: string,
    @Body({ schema: identityDocumentsBody }) body: IdentityDocumentsBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.recordIdentity(id, body, actor);
  }

  @Post('cases/:caseId/supervisor-exception')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Accept a document not on the list after consulting 市民課 (supervisor; audited)',
  })
  exception(
    @caseId() id: string,
    @Body({ schema: supervisorExceptionBody }) body: { reason: string },
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.step(id, actor, {
      type: 'RecordSupervisorException',
      data: { supervisorId: actor.id, reason: body.reason },
    });
  }

  @Post('cases/:caseId/representation-proof')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Legal representative: record the proof of representation (戸籍謄本, 成年後見登記事項証明書) or the exemption the city confirmed',
  })
  representationProof(
    @caseId() id: string,
    @Body({ schema: representationProofBody }) body: RepresentationProofBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.step(id, actor, {
      type: 'RecordRepresentationProof',
      data: { proof: body.proof as never },
    });
  }

  @Post('cases/:caseId/inquiry-letter/mailed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Proxy case: the inquiry letter was mailed to the holder (gives its deadline)' })
  letterMailed(
    @caseId() id: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.step(id, actor, { type: 'MailInquiryLetter', data: {} });
  }

  @Post('cases/:caseId/inquiry-letter/returned')
  @HttpCode(200)
  @ApiOperation({ summary: 'Proxy case: the proxy brought the sealed letter back (visit 2)' })
  letterReturned(
    @caseId() id: string,
    @Body({ schema: letterReturnedBody }) body: LetterReturnedBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    const ticketNumber = body?.ticketNumber;
    return this.cases.step(id, actor, {
      type: 'RecordLetterReturned',
      data: ticketNumber === undefined ? {} : { ticketNumber },
    });
  }

  @Post('cases/:caseId/inquiry-letter/expired')
  @HttpCode(200)
  @ApiOperation({ summary: 'Proxy case: the letter deadline passed; the case ends' })
  letterExpired(
    @caseId() id: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.step(id, actor, { type: 'ExpireLetter', data: {} });
  }

  @Post('cases/:caseId/card/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Read the tries left of the four PINs through the card gateway (uses no try)' })
  checkCard(
    @caseId() id: string,
    @Body({ schema: cardCheckBody }) body: { readerId: string },
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.checkCard(id, body.readerId, actor);
  }

  @Post('cases/:caseId/card/change')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change PINs on the card (the PINs go to the gateway only, never stored)' })
  changePins(
    @caseId() id: string,
    @Body({ schema: cardChangeBody }) body: CardChangeBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.changePins(id, body, actor);
  }

  @Post('cases/:caseId/continue-as-reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'After a change failed on the old PIN, go on as a reset (more identity needed)' })
  continueAsReset(
    @caseId() id: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.step(id, actor, { type: 'ContinueAsReset', data: {} });
  }

  @Post('cases/:caseId/card/reset-recorded')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the reset done on the J-LIS terminal; the gateway confirms the counters' })
  resetRecorded(
    @caseId() id: string,
    @Body({ schema: resetRecordedBody }) body: ResetRecordedBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.recordReset(id, body, actor);
  }

  @Post('cases/:caseId/card/verify-new-pin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'After a reset the resident types the new PIN; the card verifies it (the PIN goes to the gateway only)',
  })
  verifyNewPin(
    @caseId() id: string,
    @Body({ schema: verifyNewPinBody }) body: VerifyNewPinBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.verifyNewPin(id, body, actor);
  }

  @Post('cases/:caseId/reset-accepted-by-supervisor')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Accept a reset the card could not confirm, with the reason (supervisor; audited)',
  })
  resetBySupervisor(
    @caseId() id: string,
    @Body({ schema: resetBySupervisorBody }) body: ResetBySupervisorBody,
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.step(id, actor, {
      type: 'AcceptResetBySupervisor',
      data: { kinds: body.kinds as never, supervisorId: actor.id, reason: body.reason },
    });
  }

  @Post('cases/:caseId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the case (refused with the rule when something is missing)' })
  complete(@caseId() id: string, @empty() _body: unknown, @CurrentActor() actor: Actor): Promise<CaseView> {
    return this.cases.step(id, actor, { type: 'Complete', data: {} });
  }

  @Post('cases/:caseId/abandon')
  @HttpCode(200)
  @ApiOperation({ summary: 'Abandon the case with a reason' })
  abandon(
    @caseId() id: string,
    @Body({ schema: abandonBody }) body: { reason: CaseAbandonReason },
    @CurrentActor() actor: Actor,
  ): Promise<CaseView> {
    return this.cases.step(id, actor, { type: 'Abandon', data: { reason: body.reason } });
  }
}

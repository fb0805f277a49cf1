import { Inject, Injectable } from '@nestjs/common';
import { OfficeDirectory } from './office-directory';
import { officeSummaryView, officeView, type OfficeSummaryView } from './office.views';

@Injectable()
export class OfficesService {
  constructor(@Inject(OfficeDirectory) private readonly offices: OfficeDirectory) {}

  list(): OfficeSummaryView[] {
    return this.offices.list().map(officeSummaryView);
  }

  get(officeId: string): ReturnType<typeof officeView> {
    return officeView(this.offices.get(officeId));
  }
}

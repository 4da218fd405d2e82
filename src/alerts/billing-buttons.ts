import { type Button, button } from '../reply.ts';

/** The buttons every money message carries: *Top up* (a form for billing roles) and *View balance*. */
export function billingButtons(teamId: string): Button[] {
  return [
    button('Top up', 'credits add', { team: teamId }, { style: 'primary' }),
    button('View balance', 'credits balance', { team: teamId }),
  ];
}

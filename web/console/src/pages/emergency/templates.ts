/**
 * Quick-fill templates for common warnings. They fill event type, severity, title and
 * text; the operator still chooses real or drill, the areas and the time, and edits
 * the words to the situation. The text is what loudspeakers say (TTS) and subtitles
 * show, in Chinese whatever the console's language: short spoken sentences.
 */
import type { MessageKey } from '../../i18n';

export interface EbTemplate {
  key: string;
  label: MessageKey;
  eventType: string;
  severity: 0 | 1 | 2 | 3 | 4;
  title: string;
  text: string;
}

export const TEMPLATES: EbTemplate[] = [
  {
    key: 'flood',
    label: 'eb.template.flood',
    eventType: '10101',
    severity: 2,
    title: '洪水橙色预警：请立即转移',
    text:
      '各位村民请注意：受持续强降雨影响，河道水位快速上涨，可能发生洪水。' +
      '请住在低洼地带、河道两旁和山边的群众立即按照村委会的安排，带好身份证件和必需品，转移到指定安置点。' +
      '老人、小孩和行动不便的人员，请邻居帮助一起转移。转移后不要返回。遇到险情请拨打110或119求助。',
  },
  {
    key: 'typhoon',
    label: 'eb.template.typhoon',
    eventType: '10201',
    severity: 2,
    title: '台风橙色预警：做好防御',
    text:
      '各位居民请注意：台风即将影响我市，将出现大风和强降雨。请立即收好阳台和屋顶的杂物，加固门窗；' +
      '不要在广告牌、大树和临时搭建物下停留；住在危房、工棚和低洼地带的人员请立即转移到安全地方。非必要不要外出。',
  },
  {
    key: 'earthquake',
    label: 'eb.template.earthquake',
    eventType: '10300',
    severity: 1,
    title: '地震紧急避险',
    text:
      '各位居民请注意：发生地震，请保持冷静。在室内的人员就近躲到结实的桌子下或墙角，护住头部；' +
      '震动停止后，有序撤离到空旷地带，不要乘坐电梯，远离建筑物、电线杆和山坡。请注意防范余震。',
  },
  {
    key: 'forestFire',
    label: 'eb.template.forestFire',
    eventType: '10500',
    severity: 3,
    title: '森林火险黄色预警',
    text:
      '各位村民请注意：近期天气干燥，森林火险等级高。进入林区严禁携带火种，严禁野外烧纸、烧荒、烧秸秆和野炊。' +
      '发现山火请立即拨打119或12119报警，不要自行扑救大火，注意人身安全。',
  },
];

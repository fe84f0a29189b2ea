// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHubBridgeReceiver} from "../../shared/interfaces/IHubBridgeReceiver.sol";
import {IBatchReceiver} from "../../shared/interfaces/IBatchReceiver.sol";
import {ICrossDomainMessenger} from "../../shared/interfaces/external/ICrossDomainMessenger.sol";

/// @title OpStackHubReceiver
/// @notice Hub half of the OP Stack bridge adapter for one spoke: the L1CrossDomainMessenger relays
///         the spoke adapter's message (with the batch ETH) here once the withdrawal is finalized.
contract OpStackHubReceiver is IHubBridgeReceiver {
    IBatchReceiver public immutable ledger;
    uint32 public immutable srcEid;
    ICrossDomainMessenger public immutable messenger;
    /// @notice The spoke's bridge adapter on L2: the only sender accepted through the messenger.
    address public immutable spokeAdapter;

    error OpStackHubReceiver_ZeroAddress();

    constructor(IBatchReceiver ledger_, uint32 srcEid_, ICrossDomainMessenger messenger_, address spokeAdapter_) {
        if (address(ledger_) == address(0) || address(messenger_) == address(0) || spokeAdapter_ == address(0)) {
            revert OpStackHubReceiver_ZeroAddress();
        }
        ledger = ledger_;
        srcEid = srcEid_;
        messenger = messenger_;
        spokeAdapter = spokeAdapter_;
    }

    /// @inheritdoc IHubBridgeReceiver
    function deliverBatch(uint64 batchId) external payable {
        if (msg.sender != address(messenger)) revert HubBridgeReceiver_NotBridge(msg.sender);
        address sender = messenger.xDomainMessageSender();
        if (sender != spokeAdapter) revert HubBridgeReceiver_WrongSender(sender);
        emit BatchDelivered(srcEid, batchId, msg.value);
        ledger.receiveBatchETH{value: msg.value}(srcEid, batchId);
    }
}
